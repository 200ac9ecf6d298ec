"""Patterns of the languages other than English: one written positive per topic and
language, and near misses that must stay untagged (LABELLING.md G2: rules for commenters
are moderation, not staff conduct). Sentences are ours, about fictional organisations.

The patterns alone are tested (`model=None`), with the language given, as a registry
entry would give it. The same sentences also check that the browser's rewritten
patterns match exactly what Python matches on accented and Japanese text.
"""

from __future__ import annotations

import pytest
from node import NODE, js_pattern_matches

from policykb.analysis.tagger import default_taxonomy, js_pattern, match_form, tag_markdown

POSITIVES: dict[str, dict[str, str]] = {
    "pt": {
        "roles-governance": "A Assessoria de Comunicação da Fundação Arvoredo é responsável pela gestão dos perfis nas redes sociais.",
        "crisis-response": "Em situações de crise, não responda a comentários negativos sem falar antes com a equipa de comunicação.",
        "purpose-values": "A Fundação Arvoredo utiliza as redes sociais para aproximar-se da comunidade e divulgar os seus projetos.",
        "employee-rights-nlra": "Nada nesta política restringe o direito dos trabalhadores de discutir salários e condições de trabalho.",
        "monitoring-enforcement": "O descumprimento desta política poderá resultar em medidas disciplinares, incluindo a demissão por justa causa.",
        "platform-guidelines": "No Instagram, use no máximo cinco hashtags e escreva legendas curtas nos stories.",
        "public-comments-moderation": "Comentários com spam ou linguagem obscena serão removidos pelos moderadores sem aviso prévio.",
        "official-accounts": "A criação de novos perfis institucionais deve ser solicitada à Assessoria de Comunicação.",
        "approval-process": "Nenhuma publicação nos canais da escola pode ser feita sem a aprovação prévia da direção.",
        "related-policies": "Aplica-se também o Código de Conduta da Cooperativa Vale Verde e a sua Política de Privacidade.",
        "photos-geotagging": "Antes de publicar fotografias de alunos, obtenha o consentimento por escrito dos pais.",
        "external-regulations": "O tratamento de dados pessoais segue a Lei Geral de Proteção de Dados (LGPD).",
        "endorsements-disclosure": "Se recomendar produtos da empresa nas suas redes, deixe claro que é colaborador e use #publi.",
        "copyright-ip": "Respeite os direitos autorais: cite sempre a fonte e não use imagens de terceiros sem licença.",
        "records-retention": "As publicações e os comentários dos perfis oficiais são arquivados conforme a tabela de temporalidade.",
        "confidentiality": "Não divulgue informações confidenciais nem dados pessoais de clientes nas redes sociais.",
        "personal-use": "Nas suas contas pessoais, os colaboradores podem publicar livremente, a título pessoal.",
        "speaking-for-the-organization": "Apenas o porta-voz pode falar em nome da empresa; encaminhe os pedidos da imprensa à assessoria de imprensa.",
        "identify-yourself-disclaimer": "Se mencionar a empresa, identifique-se e esclareça que as opiniões são pessoais.",
        "harassment-respect": "Trate colegas e clientes com respeito; o assédio e a discriminação não são tolerados.",
        "security": "Use senhas fortes e ative a autenticação de dois fatores em todas as contas.",
        "training-education": "Todos os gestores de perfis recebem capacitação em comunicação digital.",
        "legal-review": "Em caso de dúvida sobre um conteúdo sensível, consulte o departamento jurídico.",
        "review-cadence": "Esta política será revista anualmente pela Direção de Comunicação.",
    },
    "it": {
        "roles-governance": "La gestione dei profili social è affidata all'Ufficio Comunicazione della Fondazione Aurora.",
        "crisis-response": "In caso di commenti negativi o di una situazione di crisi, non alimentare polemiche e avvisa subito la redazione.",
        "purpose-values": "Il Comune di Vallebruna utilizza i social network per dialogare con i cittadini e informarli sui servizi.",
        "employee-rights-nlra": "Queste regole non limitano la libertà sindacale né il diritto dei dipendenti di discutere le condizioni di lavoro.",
        "monitoring-enforcement": "La violazione della presente policy può comportare sanzioni disciplinari, fino al licenziamento.",
        "platform-guidelines": "Su Instagram usa al massimo tre hashtag e scrivi didascalie brevi.",
        "public-comments-moderation": "I commenti offensivi o fuori tema saranno rimossi dai moderatori.",
        "official-accounts": "Per aprire un nuovo profilo istituzionale serve la richiesta del dirigente del servizio.",
        "approval-process": "Nessun contenuto può essere pubblicato senza la previa approvazione dell'ufficio stampa.",
        "related-policies": "Si applica anche il Codice di comportamento dei dipendenti dell'Associazione Lago Chiaro.",
        "photos-geotagging": "Prima di pubblicare foto di minori è necessaria la liberatoria firmata dai genitori.",
        "external-regulations": "I dati personali sono trattati nel rispetto del Regolamento (UE) 2016/679 (GDPR).",
        "endorsements-disclosure": "Se promuovi i prodotti dell'azienda sui tuoi profili, dichiara chiaramente il rapporto di lavoro e usa #adv.",
        "copyright-ip": "Rispetta il diritto d'autore e cita sempre la fonte delle immagini che condividi.",
        "records-retention": "I post e i commenti pubblicati sui canali ufficiali vengono archiviati secondo i tempi di conservazione previsti.",
        "confidentiality": "Non divulgare informazioni riservate di cui sei venuto a conoscenza per ragioni d'ufficio.",
        "personal-use": "Sui propri account personali i dipendenti intervengono a titolo personale, fuori dall'orario di lavoro.",
        "speaking-for-the-organization": "Solo il portavoce può rilasciare dichiarazioni a nome della Fondazione; inoltra le richieste dei giornalisti all'ufficio stampa.",
        "identify-yourself-disclaimer": "Quando parli del tuo lavoro, dichiara il tuo ruolo e precisa che le opinioni espresse sono personali.",
        "harassment-respect": "Tratta colleghi e utenti con rispetto: non sono ammessi insulti, discriminazioni o molestie.",
        "security": "Usa password robuste e attiva l'autenticazione a due fattori su ogni account.",
        "training-education": "Chi gestisce i canali partecipa a un corso di formazione sull'uso dei social.",
        "legal-review": "Per i contenuti delicati rivolgiti all'ufficio legale prima di pubblicare.",
        "review-cadence": "Le presenti linee guida sono aggiornate periodicamente; ultimo aggiornamento: marzo 2024.",
    },
    "es": {
        "roles-governance": "Los perfiles del Ayuntamiento de Villaclara son gestionados por el Gabinete de Comunicación.",
        "crisis-response": "Ante comentarios negativos o una situación de crisis, no entres en polémicas y avisa al equipo de comunicación.",
        "purpose-values": "La Fundación Brisa utiliza las redes sociales para dialogar con la ciudadanía y dar a conocer sus proyectos.",
        "employee-rights-nlra": "Nada de lo anterior limita la libertad sindical ni el derecho a hablar de las condiciones laborales.",
        "monitoring-enforcement": "El incumplimiento de esta política podrá dar lugar a medidas disciplinarias, incluido el despido.",
        "platform-guidelines": "En Instagram usa como máximo cinco hashtags y publica stories con subtítulos.",
        "public-comments-moderation": "Los comentarios con spam o insultos serán eliminados por el equipo moderador.",
        "official-accounts": "La apertura de nuevos perfiles institucionales requiere la solicitud del jefe de servicio.",
        "approval-process": "Ninguna publicación puede difundirse sin la aprobación previa de la dirección.",
        "related-policies": "También se aplica el Código de Conducta de la Cooperativa Río Azul.",
        "photos-geotagging": "Para publicar fotografías de alumnos es necesaria la autorización por escrito de las familias.",
        "external-regulations": "Los datos se tratan conforme al Reglamento General de Protección de Datos y la LOPDGDD.",
        "endorsements-disclosure": "Si recomiendas productos de la empresa en tus redes, deja claro que trabajas en ella y usa #publi.",
        "copyright-ip": "Respeta la propiedad intelectual y cita siempre la fuente de las imágenes.",
        "records-retention": "Las publicaciones y los comentarios de los perfiles oficiales se archivan según los plazos de conservación.",
        "confidentiality": "No publiques información reservada ni datos personales de pacientes en las redes sociales.",
        "personal-use": "En tus cuentas personales puedes opinar a título personal, fuera del horario laboral.",
        "speaking-for-the-organization": "Solo el portavoz puede hablar en nombre de la Fundación; remite las peticiones de los periodistas al gabinete de prensa.",
        "identify-yourself-disclaimer": "Si hablas de tu trabajo, indica tu relación con la empresa y aclara que tus opiniones son personales.",
        "harassment-respect": "Trata a tus compañeros con respeto; el acoso y los comentarios despectivos no se toleran.",
        "security": "Usa contraseñas seguras y activa la verificación en dos pasos en todas las cuentas.",
        "training-education": "Las personas que gestionan los perfiles reciben formación específica en redes sociales.",
        "legal-review": "Ante cualquier duda sobre un contenido delicado, consulta a la asesoría jurídica.",
        "review-cadence": "Esta guía se revisará anualmente y se actualizará cuando cambien las plataformas.",
    },
    "fr": {
        "roles-governance": "Les comptes de la Mairie de Bellerive sont gérés par le service communication.",
        "crisis-response": "En cas de critiques négatives ou de situation de crise, n'alimentez pas la polémique et prévenez le service communication.",
        "purpose-values": "La Fondation Azur utilise les réseaux sociaux pour dialoguer avec les habitants et faire connaître ses projets.",
        "employee-rights-nlra": "Rien dans cette charte ne limite la liberté syndicale ni le droit de parler des conditions de travail.",
        "monitoring-enforcement": "Le non-respect de la présente charte peut entraîner des sanctions disciplinaires.",
        "platform-guidelines": "Sur Instagram, utilisez au plus cinq hashtags et rédigez des légendes courtes.",
        "public-comments-moderation": "Les commentaires injurieux ou hors sujet seront supprimés par les modérateurs.",
        "official-accounts": "La création d'un nouveau compte institutionnel doit être demandée au service communication.",
        "approval-process": "Aucune publication ne peut être mise en ligne sans la validation préalable de la direction.",
        "related-policies": "La charte informatique et le code de déontologie de l'Association Horizon s'appliquent aussi.",
        "photos-geotagging": "Avant de publier des photos d'élèves, recueillez l'autorisation écrite des parents.",
        "external-regulations": "Les données sont traitées conformément au RGPD et aux recommandations de la CNIL.",
        "endorsements-disclosure": "Si vous recommandez les produits de l'entreprise, mentionnez clairement votre lien avec elle et utilisez #partenariat.",
        "copyright-ip": "Respectez le droit d'auteur et citez toujours la source des images.",
        "records-retention": "Les publications et commentaires des comptes officiels sont archivés selon la durée de conservation prévue.",
        "confidentiality": "Ne divulguez aucune information confidentielle ni les données personnelles des patients.",
        "personal-use": "Sur vos comptes personnels, vous vous exprimez à titre privé, en dehors du temps de travail.",
        "speaking-for-the-organization": "Seul le porte-parole peut s'exprimer au nom de la Fondation ; transmettez les demandes des journalistes au service de presse.",
        "identify-yourself-disclaimer": "Si vous parlez de votre travail, indiquez votre fonction et précisez que vos opinions sont personnelles.",
        "harassment-respect": "Traitez vos collègues avec respect ; le harcèlement et les propos discriminatoires sont interdits.",
        "security": "Choisissez des mots de passe robustes et activez la double authentification.",
        "training-education": "Les agents qui animent les comptes suivent une formation aux réseaux sociaux.",
        "legal-review": "En cas de doute sur un contenu sensible, consultez le service juridique.",
        "review-cadence": "Cette charte est révisée chaque année ; dernière mise à jour : mars 2024.",
    },
    "de": {
        "roles-governance": "Die Kanäle der Stadt Lindenau werden von der Pressestelle betreut und redaktionell verantwortet.",
        "crisis-response": "Im Krisenfall gilt: Auf negative Kommentare nicht spontan reagieren, sondern die Pressestelle informieren.",
        "purpose-values": "Die Stiftung Morgenrot nutzt soziale Medien, um mit Bürgerinnen und Bürgern im Dialog zu bleiben.",
        "employee-rights-nlra": "Das Recht der Beschäftigten, sich über Arbeitsbedingungen auszutauschen, bleibt unberührt.",
        "monitoring-enforcement": "Verstöße gegen diese Richtlinie können arbeitsrechtliche Konsequenzen bis zur Kündigung haben.",
        "platform-guidelines": "Auf Instagram höchstens fünf Hashtags verwenden und Stories mit Untertiteln versehen.",
        "public-comments-moderation": "Kommentare mit Werbung oder Beleidigungen werden ohne Vorwarnung gelöscht.",
        "official-accounts": "Wer einen neuen dienstlichen Kanal einrichten möchte, wendet sich an die Online-Redaktion.",
        "approval-process": "Beiträge auf den offiziellen Kanälen erscheinen nur nach vorheriger Freigabe durch die Abteilungsleitung.",
        "related-policies": "Ergänzend gilt der Verhaltenskodex des Vereins Grünfeld.",
        "photos-geotagging": "Fotos von Kindern dürfen nur mit schriftlicher Einwilligung der Eltern veröffentlicht werden.",
        "external-regulations": "Personenbezogene Daten verarbeiten wir nach der DSGVO und dem BDSG.",
        "endorsements-disclosure": "Wer Produkte des Arbeitgebers empfiehlt, muss das Arbeitsverhältnis offenlegen und Werbung kennzeichnen.",
        "copyright-ip": "Beachten Sie das Urheberrecht und geben Sie bei Bildern immer die Quelle an.",
        "records-retention": "Beiträge und Kommentare auf den offiziellen Kanälen werden archiviert.",
        "confidentiality": "Vertrauliche Informationen und Patientendaten dürfen nicht veröffentlicht werden.",
        "personal-use": "Auf privaten Accounts äußern sich Beschäftigte als Privatperson, in ihrer Freizeit.",
        "speaking-for-the-organization": "Nur die Pressesprecherin äußert sich im Namen der Stiftung; Presseanfragen leiten Sie bitte weiter.",
        "identify-yourself-disclaimer": "Machen Sie deutlich, dass es sich um Ihre persönliche Meinung handelt.",
        "harassment-respect": "Wir gehen respektvoll miteinander um; Mobbing und diskriminierende Äußerungen dulden wir nicht.",
        "security": "Verwenden Sie sichere Passwörter und aktivieren Sie die Zwei-Faktor-Authentifizierung.",
        "training-education": "Wer die Kanäle betreut, nimmt an einer Schulung zu sozialen Medien teil.",
        "legal-review": "Bei heiklen Inhalten vorab die Rechtsabteilung einbeziehen.",
        "review-cadence": "Diese Richtlinie wird jährlich überprüft und bei Bedarf angepasst.",
    },
    "nl": {
        "roles-governance": "De kanalen van de gemeente Waterdam worden beheerd door de afdeling Communicatie.",
        "crisis-response": "Bij een crisis of negatieve reacties: ga niet in discussie en meld het aan de webredactie.",
        "purpose-values": "Stichting Lichtpunt zet sociale media in om in gesprek te gaan met inwoners.",
        "employee-rights-nlra": "Dit protocol laat het recht van medewerkers om over hun arbeidsvoorwaarden te praten onverlet.",
        "monitoring-enforcement": "Overtreding van deze richtlijn kan leiden tot disciplinaire maatregelen.",
        "platform-guidelines": "Gebruik op Instagram maximaal vijf hashtags en korte bijschriften bij stories.",
        "public-comments-moderation": "Reacties met scheldwoorden of spam worden door de webredactie verwijderd.",
        "official-accounts": "Een nieuw account aanmaken voor de gemeente kan alleen via de afdeling Communicatie.",
        "approval-process": "Berichten op de officiële kanalen worden pas geplaatst na goedkeuring van je leidinggevende.",
        "related-policies": "Daarnaast geldt de gedragscode van Zorggroep Bloesem.",
        "photos-geotagging": "Plaats geen foto's van cliënten zonder hun toestemming.",
        "external-regulations": "Persoonsgegevens verwerken we volgens de AVG.",
        "endorsements-disclosure": "Als je producten van je werkgever aanprijst, vermeld dan duidelijk dat je daar werkt.",
        "copyright-ip": "Houd rekening met auteursrecht en vermeld altijd de bron van een foto.",
        "records-retention": "Berichten op de officiële kanalen worden gearchiveerd volgens de Archiefwet.",
        "confidentiality": "Deel geen vertrouwelijke informatie en geen persoonsgegevens van cliënten.",
        "personal-use": "Op je privéaccount spreek je op persoonlijke titel, buiten werktijd.",
        "speaking-for-the-organization": "Alleen de woordvoerder spreekt namens de organisatie; stuur vragen van journalisten door.",
        "identify-yourself-disclaimer": "Maak duidelijk dat je bij de organisatie werkt en dat het je persoonlijke mening is.",
        "harassment-respect": "Behandel collega's met respect; pesten en discriminatie horen er niet bij.",
        "security": "Gebruik een sterk wachtwoord en zet tweestapsverificatie aan.",
        "training-education": "Beheerders van accounts volgen eerst een training.",
        "legal-review": "Leg gevoelige berichten eerst voor aan de juridische afdeling.",
        "review-cadence": "Dit protocol wordt jaarlijks geëvalueerd en zo nodig bijgewerkt.",
    },
    "ja": {
        "roles-governance": "本アカウントは、みどり市役所広報課の職員が運用しています。",
        "crisis-response": "炎上などの緊急事態が起きた場合は、個別に反論せず、速やかに広報担当へ報告してください。",
        "purpose-values": "当法人は、地域の皆様に活動を広くお伝えするため、ソーシャルメディアを積極的に活用します。",
        "employee-rights-nlra": "本ガイドラインは、従業員が労働条件について話し合う権利を制限するものではありません。",
        "monitoring-enforcement": "本ガイドラインに違反した場合は、就業規則に基づき懲戒処分の対象となることがあります。",
        "platform-guidelines": "Instagramでは、ハッシュタグは五つまでとし、ストーリーズには字幕を付けてください。",
        "public-comments-moderation": "次のようなコメントは、予告なく削除することがあります。",
        "official-accounts": "新たに公式アカウントを開設する場合は、広報課に申請してください。",
        "approval-process": "公式アカウントへの投稿は、事前に所属長の承認を得てから行ってください。",
        "related-policies": "職員の発信には、就業規則および情報セキュリティポリシーが適用されます。",
        "photos-geotagging": "生徒の写真を掲載する際は、本人と保護者の同意を得てください。",
        "external-regulations": "個人情報の取扱いは、個人情報保護法に従います。",
        "endorsements-disclosure": "自社の商品を紹介する場合は、会社との関係性を明示し、ステルスマーケティングにならないよう注意してください。",
        "copyright-ip": "他人の著作物を使う場合は、著作権に配慮し、出典を明記してください。",
        "records-retention": "公式アカウントの投稿記録は、保存期間を定めて保管します。",
        "confidentiality": "業務上知り得た秘密や機密情報を投稿してはいけません。",
        "personal-use": "個人のアカウントで発信する場合も、勤務時間外であっても節度をもって利用してください。",
        "speaking-for-the-organization": "職員の発言は当法人の公式見解ではありません。取材の申し込みは広報課が対応します。",
        "identify-yourself-disclaimer": "業務に関わる話題に触れる場合は所属を明らかにし、個人の見解である旨を記載してください。",
        "harassment-respect": "他者を尊重し、誹謗中傷や差別的な発言は行わないでください。",
        "security": "パスワードを適切に管理し、二段階認証を設定してください。",
        "training-education": "公式アカウントの担当者は、年に一度の研修を受講します。",
        "legal-review": "判断に迷う投稿は、法務部に相談してください。",
        "review-cadence": "本ポリシーは、必要に応じて見直しを行います。2024年4月1日改定。",
    },
    "sv": {
        "roles-governance": "Kommunens konton i sociala medier förvaltas av kommunikationsavdelningen.",
        "crisis-response": "Vid en kris eller negativa kommentarer: gå inte in i diskussion utan kontakta kommunikatören.",
        "purpose-values": "Stiftelsen Ljusglimt använder sociala medier för att föra dialog med invånarna.",
        "employee-rights-nlra": "Policyn begränsar inte medarbetarnas rätt att diskutera lön och arbetsvillkor eller facklig verksamhet.",
        "monitoring-enforcement": "Brott mot denna policy kan leda till arbetsrättsliga åtgärder, i värsta fall uppsägning.",
        "platform-guidelines": "På Instagram använder vi högst fem hashtaggar och korta bildtexter i stories.",
        "public-comments-moderation": "Kommentarer med reklam eller svordomar tas bort av moderatorn.",
        "official-accounts": "Vill du starta ett nytt konto för förvaltningen ska du kontakta kommunikationsavdelningen.",
        "approval-process": "Inlägg på de officiella kanalerna måste godkännas av närmaste chef innan de publiceras.",
        "related-policies": "Utöver detta gäller Föreningen Björkens uppförandekod.",
        "photos-geotagging": "Publicera inte bilder på elever utan samtycke från vårdnadshavare.",
        "external-regulations": "Personuppgifter behandlas enligt dataskyddsförordningen (GDPR).",
        "endorsements-disclosure": "Om du rekommenderar företagets produkter ska det tydligt framgå att du är anställd, och inlägget ska reklammärkas.",
        "copyright-ip": "Tänk på upphovsrätten och ange alltid fotografens namn.",
        "records-retention": "Inlägg och kommentarer i kommunens kanaler kan vara allmänna handlingar och arkiveras.",
        "confidentiality": "Dela aldrig sekretessbelagda uppgifter eller personuppgifter om patienter.",
        "personal-use": "På dina privata konton uttalar du dig som privatperson, på din fritid.",
        "speaking-for-the-organization": "Endast presskontakten uttalar sig för organisationens räkning; hänvisa journalister till presstjänsten.",
        "identify-yourself-disclaimer": "Tydliggör att du arbetar här och att det är dina egna åsikter.",
        "harassment-respect": "Bemöt kollegor med respekt; trakasserier och kränkande kommentarer accepteras inte.",
        "security": "Använd starka lösenord och slå på tvåfaktorsautentisering.",
        "training-education": "Den som ansvarar för ett konto ska ha gått en utbildning i sociala medier.",
        "legal-review": "Stäm av känsliga inlägg med en jurist innan de publiceras.",
        "review-cadence": "Riktlinjerna ses över årligen och revideras vid behov.",
    },
}

NEGATIVES: dict[str, list[tuple[str, str]]] = {
    "pt": [
        # comment rules for the public (G2): moderation only
        (
            "Serão removidos comentários com assédio, ameaças ou discriminação contra outros usuários.",
            "harassment-respect",
        ),
        (
            "Não publique dados pessoais de terceiros nos seus comentários; os moderadores irão removê-los.",
            "confidentiality",
        ),
        ("O usuário é o único responsável pelo conteúdo que publicar.", "roles-governance"),
        ("A crise econômica afetou o setor em 2020.", "crisis-response"),
        (
            "Use as redes sociais com moderação durante o horário de trabalho.",
            "public-comments-moderation",
        ),
        ("Não publique fotografias de pessoas sem o consentimento delas.", "approval-process"),
        ("Estamos presentes no Facebook, Instagram e YouTube.", "platform-guidelines"),
        ("A Lei de 23 de abril de 2014 regula o tema.", "review-cadence"),
        (
            "A prestação de contas do município é analisada pelo Tribunal de Contas.",
            "official-accounts",
        ),
        ("Os valores das multas foram atualizados.", "purpose-values"),
        ("A equipa deve perseguir os objetivos definidos no plano anual.", "harassment-respect"),
        (
            "Pedidos de entrevista feitos por jornalistas vão para a assessoria de imprensa.",
            "roles-governance",
        ),
        ("Na mídia social, mantenha contato com os seus amigos.", "speaking-for-the-organization"),
    ],
    "it": [
        (
            "I commenti che contengono insulti, minacce o discriminazioni saranno rimossi.",
            "harassment-respect",
        ),
        (
            "Non pubblicare nei commenti dati personali di altri utenti: saranno cancellati.",
            "confidentiality",
        ),
        ("L'utente è l'unico responsabile dei contenuti che pubblica.", "roles-governance"),
        ("La crisi economica ha colpito il settore turistico.", "crisis-response"),
        ("Non pubblicare foto di persone senza il loro consenso.", "approval-process"),
        ("Siamo presenti su Facebook, Instagram e YouTube.", "platform-guidelines"),
        ("Tutti i diritti riservati.", "confidentiality"),
        ("Il Consiglio dei Ministri ha indicato le priorità dell'anno.", "endorsements-disclosure"),
    ],
    "es": [
        (
            "Se eliminarán los comentarios que contengan insultos, acoso o discriminación.",
            "harassment-respect",
        ),
        (
            "No publiques datos personales de otros usuarios en tus comentarios: serán eliminados.",
            "confidentiality",
        ),
        ("El usuario es el único responsable de los contenidos que publique.", "roles-governance"),
        ("La crisis económica afectó al sector turístico.", "crisis-response"),
        ("No publiques fotos de personas sin su consentimiento.", "approval-process"),
        ("Estamos en Facebook, Instagram y YouTube.", "platform-guidelines"),
        (
            "Las publicaciones serán realizadas exclusivamente por el equipo designado por la dirección.",
            "approval-process",
        ),
        (
            "Se organizarán actividades formativas para el alumnado del centro.",
            "training-education",
        ),
        (
            "La rendición de cuentas del ayuntamiento corresponde al Tribunal de Cuentas.",
            "official-accounts",
        ),
    ],
    "fr": [
        (
            "Nous supprimerons les commentaires contenant du harcèlement, des menaces ou des propos discriminatoires.",
            "harassment-respect",
        ),
        (
            "Ne publiez pas de données personnelles d'autres internautes dans vos commentaires : ils seront supprimés.",
            "confidentiality",
        ),
        ("L'utilisateur est seul responsable des contenus qu'il publie.", "roles-governance"),
        ("La crise économique a touché le secteur du tourisme.", "crisis-response"),
        ("Consultez notre politique de confidentialité.", "confidentiality"),
        ("Ne publiez pas de photos de personnes sans leur consentement.", "approval-process"),
        (
            "La reproduction des armoiries est interdite sans autorisation écrite préalable.",
            "approval-process",
        ),
        ("Nous sommes présents sur Facebook, Instagram et YouTube.", "platform-guidelines"),
        (
            "Ce site n'est pas assujetti à la Loi sur la protection des renseignements personnels.",
            "confidentiality",
        ),
        ("Les valeurs mobilières sont cotées en bourse.", "purpose-values"),
    ],
    "de": [
        (
            "Kommentare mit Beleidigungen, Drohungen oder Diskriminierung werden gelöscht.",
            "harassment-respect",
        ),
        ("Nutzer sind selbst verantwortlich für ihre Kommentare.", "roles-governance"),
        ("Die Finanzkrise traf die Branche hart.", "crisis-response"),
        ("Keine Fotos von Personen ohne deren Einwilligung veröffentlichen.", "approval-process"),
        ("Sie finden uns auf Facebook, Instagram und YouTube.", "platform-guidelines"),
    ],
    "nl": [
        ("Reacties met bedreigingen of discriminatie worden verwijderd.", "harassment-respect"),
        ("Iedereen is zelf verantwoordelijk voor wat hij plaatst.", "roles-governance"),
        ("De financiële crisis raakte de sector hard.", "crisis-response"),
    ],
    "ja": [
        ("以下の投稿は削除の対象となります：誹謗中傷、差別的な内容。", "harassment-respect"),
        ("予めご了承ください。", "approval-process"),
        ("本ポリシーは予告なく変更することがあります。", "review-cadence"),
        ("ソーシャルメディアに関するお問い合わせはこちら。", "speaking-for-the-organization"),
        ("第三者の知的財産権、肖像権、プライバシーを侵害する投稿。", "photos-geotagging"),
    ],
    "sv": [
        ("Kommentarer med hot, trakasserier eller diskriminering tas bort.", "harassment-respect"),
        ("Den ekonomiska krisen drabbade branschen.", "crisis-response"),
        ("Kristna högtider uppmärksammas i skolan.", "crisis-response"),
        ("Publicera inte bilder på personer utan deras samtycke.", "approval-process"),
        ("Vi finns på Facebook, Instagram och LinkedIn.", "platform-guidelines"),
        ("Har du frågor om sociala medier?", "speaking-for-the-organization"),
        ("Kommunen har kapacitet att svara inom en dag.", "security"),
    ],
}


def _rows(table: str) -> list[tuple[str, str, str]]:
    """`language | topic | sentence` lines as tuples (topic `-` for none)."""
    rows = []
    for line in table.strip().splitlines():
        language, topic, text = (part.strip() for part in line.split("|", 2))
        rows.append((language, topic, text))
    return rows


# More phrasings of our own: the topic must be among those tagged (others may be too).
MORE_POSITIVES = _rows("""
pt | official-accounts | Os perfis institucionais da Universidade Federal de Campo Alegre nas redes sociais são de responsabilidade da Secretaria de Comunicação.
pt | roles-governance | A Secretaria de Comunicação Social é o órgão responsável pela gestão das contas oficiais.
pt | roles-governance | Cabe à Coordenadoria de Comunicação aprovar a criação de novos perfis.
pt | approval-process | Cabe à Coordenadoria de Comunicação aprovar a criação de novos perfis.
pt | purpose-values | As redes sociais da Prefeitura têm como objetivo ampliar a transparência e aproximar a gestão municipal da população.
pt | personal-use | O servidor, ao utilizar suas redes sociais pessoais, deve observar os princípios da administração pública.
pt | speaking-for-the-organization | É vedado ao servidor manifestar-se em nome da instituição sem autorização.
pt | confidentiality | É proibido divulgar informações sigilosas ou de uso restrito obtidas em razão do cargo.
pt | harassment-respect | Não publique conteúdos discriminatórios, ofensivos ou que incitem o ódio.
pt | public-comments-moderation | Serão excluídos comentários que contenham palavrões, conteúdo racista, propaganda eleitoral ou spam.
pt | external-regulations | O tratamento de dados pessoais observará a Lei nº 13.709/2018.
pt | external-regulations | Durante o período eleitoral, os perfis oficiais seguirão as restrições da legislação eleitoral.
pt | photos-geotagging | A publicação de imagens de crianças e adolescentes depende de autorização dos responsáveis legais.
pt | copyright-ip | Respeite os direitos autorais e a propriedade intelectual de terceiros.
pt | security | Não compartilhe a senha das contas institucionais e ative a verificação em duas etapas.
pt | training-education | A Assessoria de Comunicação promoverá capacitações periódicas para os gestores de perfis.
pt | review-cadence | Esta política entra em vigor na data de sua publicação e será revisada a cada dois anos.
pt | monitoring-enforcement | O descumprimento das normas desta política sujeitará o infrator às sanções previstas no Estatuto dos Servidores.
pt | crisis-response | Em caso de crise de imagem, a Assessoria de Comunicação deverá ser acionada imediatamente.
pt | identify-yourself-disclaimer | Ao publicar sobre temas relacionados ao trabalho, o colaborador deve deixar claro que as opiniões expressas são pessoais.
pt | speaking-for-the-organization | Pedidos de entrevista feitos por jornalistas devem ser encaminhados à assessoria de imprensa.
pt | platform-guidelines | No WhatsApp, as listas de transmissão só podem ser usadas para avisos institucionais.
pt | related-policies | Aplicam-se ainda o Código de Ética da empresa e a Política de Segurança da Informação.
pt | legal-review | Em caso de dúvida, consulte a Procuradoria Jurídica antes de publicar.
pt | records-retention | As publicações nas redes sociais oficiais são documentos públicos e devem ser preservadas.
pt | approval-process | Toda publicação nos canais oficiais depende de validação prévia da chefia imediata.
pt | personal-use | É permitido o acesso às redes sociais durante o expediente apenas para fins de trabalho.
pt | confidentiality | Não exponha dados de pacientes, mesmo que sem o nome.
pt | harassment-respect | Mantenha sempre uma postura respeitosa e cordial com colegas e cidadãos.
pt | crisis-response | Críticas devem ser respondidas com cordialidade e, se necessário, encaminhadas ao setor responsável.
pt | security | Desconfie de perfis falsos que se passem pela empresa.
pt | external-regulations | O tratamento de dados pessoais cumpre o RGPD e as orientações da Comissão Nacional de Proteção de Dados.
pt | personal-use | Os trabalhadores podem usar as redes sociais a título pessoal fora do horário de trabalho.
pt | speaking-for-the-organization | Só os porta-vozes designados podem falar em nome da Câmara Municipal.
pt | roles-governance | O Gabinete de Comunicação é responsável pela gestão das páginas oficiais do município.
pt | confidentiality | Os colaboradores estão obrigados ao dever de sigilo sobre informação interna da empresa.
pt | harassment-respect | Seja cordial e respeite as opiniões diferentes das suas.
pt | public-comments-moderation | Reservamo-nos o direito de apagar comentários insultuosos ou publicidade.
pt | approval-process | As publicações carecem de aprovação prévia da chefia.
pt | copyright-ip | Não utilize imagens sem indicar o autor e sem ter a respetiva licença.
pt | photos-geotagging | Não publique fotografias de utentes sem o seu consentimento expresso.
pt | security | Proteja as suas palavras-passe e ative a autenticação de dois fatores.
pt | training-education | A empresa disponibiliza ações de formação sobre utilização responsável das redes sociais.
pt | monitoring-enforcement | A violação destas regras pode dar lugar a procedimento disciplinar.
pt | review-cadence | Este documento é revisto anualmente.
pt | purpose-values | Encorajamos os colaboradores a partilhar as boas notícias da empresa.
pt | crisis-response | Perante uma situação de crise, contacte de imediato o Gabinete de Comunicação.
pt | identify-yourself-disclaimer | Quando falar sobre a empresa, identifique-se como colaborador.
pt | official-accounts | Nenhuma unidade pode criar páginas em nome da Universidade sem registo junto do Gabinete de Comunicação.
pt | records-retention | As mensagens recebidas pelos canais oficiais são arquivadas durante cinco anos.
pt | legal-review | Os conteúdos com implicações legais devem ser validados pelo Gabinete Jurídico.
it | roles-governance | La gestione dei canali social istituzionali è di competenza dell'Ufficio Stampa e Comunicazione.
it | official-accounts | La gestione dei canali social istituzionali è di competenza dell'Ufficio Stampa e Comunicazione.
it | purpose-values | L'Ente utilizza i social media per informare i cittadini sulle proprie attività e favorire la partecipazione.
it | public-comments-moderation | Saranno rimossi i commenti che contengono linguaggio volgare, spam o contenuti fuori tema.
it | harassment-respect | Il dipendente si astiene da comportamenti offensivi o discriminatori nei confronti dei colleghi.
it | confidentiality | Il dipendente non divulga informazioni riservate di cui sia venuto a conoscenza per ragioni d'ufficio.
it | personal-use | Nell'utilizzo dei propri account personali, il dipendente evita di fare riferimento all'amministrazione.
it | speaking-for-the-organization | Il dipendente non rilascia dichiarazioni agli organi di informazione in nome dell'amministrazione senza autorizzazione.
it | speaking-for-the-organization | Le opinioni espresse dai dipendenti non rappresentano la posizione ufficiale dell'Agenzia.
it | identify-yourself-disclaimer | È opportuno precisare che le opinioni espresse sono personali.
it | monitoring-enforcement | La violazione degli obblighi previsti dal presente codice è fonte di responsabilità disciplinare.
it | external-regulations | Il trattamento dei dati avviene ai sensi del Regolamento (UE) 2016/679 e del D.Lgs. 196/2003.
it | photos-geotagging | Per pubblicare immagini in cui compaiono minori occorre il consenso scritto dei genitori.
it | copyright-ip | Non è consentito pubblicare materiale coperto da copyright senza autorizzazione.
it | security | Le credenziali di accesso agli account istituzionali non devono essere condivise.
it | training-education | Il personale addetto riceve una formazione specifica sull'uso dei social network.
it | review-cadence | La presente policy è soggetta a revisione periodica.
it | crisis-response | In caso di critiche o commenti negativi, il social media team risponde con tono pacato e, se necessario, coinvolge il responsabile.
it | approval-process | I contenuti vengono pubblicati solo dopo l'approvazione del responsabile della comunicazione.
it | related-policies | Si rinvia al Codice di comportamento dei dipendenti pubblici.
it | legal-review | Nei casi dubbi è opportuno sentire l'Ufficio legale.
it | platform-guidelines | Su Facebook i post vanno accompagnati da un'immagine e da un testo breve; su X si usano al massimo due hashtag.
it | records-retention | I messaggi ricevuti tramite i canali social vengono conservati per il tempo necessario.
es | roles-governance | La gestión de los perfiles institucionales corresponde al Servicio de Comunicación.
es | public-comments-moderation | Se eliminarán los comentarios ofensivos, la publicidad y el spam.
es | approval-process | Las publicaciones deben ser validadas por la persona responsable antes de su difusión.
es | confidentiality | Está prohibido difundir datos personales del alumnado sin consentimiento.
es | personal-use | En el uso de sus cuentas personales, los empleados no deben atribuirse la representación de la empresa.
es | speaking-for-the-organization | Ningún empleado puede hablar en nombre de la compañía sin autorización expresa.
es | harassment-respect | Mantén un tono respetuoso y evita los ataques personales.
es | monitoring-enforcement | La empresa podrá adoptar medidas disciplinarias ante cualquier incumplimiento.
es | security | No compartas las credenciales de las cuentas corporativas.
es | review-cadence | Última actualización: enero de 2024.
es | crisis-response | Si detectas una crisis de reputación, avisa inmediatamente al departamento de comunicación.
fr | roles-governance | La direction de la communication est responsable de l'animation des comptes officiels.
fr | public-comments-moderation | Les propos injurieux seront supprimés sans préavis.
fr | approval-process | Toute publication est soumise à la validation du responsable hiérarchique.
fr | confidentiality | Les agents sont tenus au secret professionnel et à l'obligation de discrétion.
fr | personal-use | Sur leurs comptes personnels, les agents restent soumis au devoir de réserve.
fr | speaking-for-the-organization | Seul le service de presse est habilité à répondre aux journalistes.
fr | harassment-respect | Restez courtois et respectueux envers vos interlocuteurs.
fr | monitoring-enforcement | Tout manquement expose son auteur à des sanctions disciplinaires.
fr | security | Ne communiquez jamais vos identifiants de connexion.
fr | review-cadence | Cette charte sera mise à jour régulièrement.
fr | crisis-response | En cas de bad buzz, prévenez immédiatement la cellule de crise.
de | roles-governance | Für die Social-Media-Kanäle ist die Stabsstelle Kommunikation zuständig.
de | public-comments-moderation | Beleidigende Kommentare löschen wir ohne Vorwarnung.
de | approval-process | Beiträge dürfen erst nach Freigabe durch die Pressestelle veröffentlicht werden.
de | confidentiality | Dienstgeheimnisse und interne Informationen gehören nicht in soziale Netzwerke.
de | personal-use | Auch bei der privaten Nutzung sozialer Medien gilt die Loyalitätspflicht.
de | speaking-for-the-organization | Anfragen von Journalisten leiten Sie an die Pressestelle weiter.
de | harassment-respect | Bleiben Sie sachlich und respektvoll.
de | monitoring-enforcement | Verstöße können arbeitsrechtliche Konsequenzen haben.
de | security | Geben Sie Ihre Zugangsdaten niemals weiter.
de | review-cadence | Stand: März 2024
de | crisis-response | Bei einem Shitstorm informieren Sie sofort die Pressestelle.
ja | roles-governance | 公式アカウントの運用は、経営企画部広報グループが担当します。
ja | roles-governance | 本ガイドラインに関するお問い合わせは、総務課までご連絡ください。
ja | purpose-values | 本学は、教育研究活動や学生生活の様子を広く社会に発信することを目的として、ソーシャルメディアを活用しています。
ja | official-accounts | 部署単位でアカウントを開設する場合は、事前に広報室へ届け出てください。
ja | approval-process | 投稿内容は、所属長の確認を経てから公開してください。
ja | approval-process | 本学が認めた者以外は公式アカウントを運用してはなりません。
ja | speaking-for-the-organization | 職員個人の発信は、本学の公式見解を示すものではありません。
ja | identify-yourself-disclaimer | 個人のアカウントで発信する場合は、「投稿内容は個人の見解です」と明記することを推奨します。
ja | personal-use | 職員が私的にソーシャルメディアを利用する場合も、本ガイドラインの趣旨を踏まえてください。
ja | confidentiality | 業務上知り得た情報や、お客様の個人情報を投稿してはいけません。
ja | harassment-respect | 特定の個人や団体を誹謗中傷したり、差別的な表現を用いたりしないでください。
ja | public-comments-moderation | 当アカウントでは、いただいたコメントに個別に返信することはありません。
ja | public-comments-moderation | 公序良俗に反する書き込みは、予告なく削除します。
ja | copyright-ip | 他者の著作物を無断で使用しないでください。
ja | photos-geotagging | 写真を投稿する際は、写っている人の了解を得てください。
ja | photos-geotagging | 自宅の場所が特定されないよう、位置情報の付いた写真の投稿に注意してください。
ja | security | アカウントの乗っ取りを防ぐため、パスワードを定期的に変更してください。
ja | crisis-response | 投稿が炎上した場合は、削除せずに直ちに広報室へ報告してください。
ja | monitoring-enforcement | 本ガイドラインに違反した職員は、懲戒処分を受けることがあります。
ja | training-education | 職員を対象にソーシャルメディアの利用に関する研修を実施します。
ja | external-regulations | 選挙期間中は、公職選挙法に抵触しないよう注意してください。
ja | review-cadence | 本ポリシーは2023年4月1日から施行します。
ja | review-cadence | 社会情勢の変化に応じて、本ガイドラインを適宜見直します。
ja | legal-review | 法的な問題が懸念される場合は、顧問弁護士に相談します。
ja | related-policies | 職員は、本学のソーシャルメディアガイドラインのほか、就業規則を遵守してください。
ja | platform-guidelines | X（旧Twitter）では、1日の投稿数を5件程度までとします。
ja | endorsements-disclosure | 当社の商品やサービスについて投稿する場合は、当社社員であることを明示してください。
ja | records-retention | 公式アカウントの投稿は、行政文書として保存します。
ja | employee-rights-nlra | 本規程は、労働組合活動を制限するものではありません。
ja | confidentiality | 社外秘の情報や未公開の新製品情報を投稿しないこと。
ja | security | 不審なリンクやフィッシングメールに注意し、ログイン情報を他人に教えないでください。
ja | speaking-for-the-organization | 当社を代表して発言できるのは、広報部が指名した者に限ります。
ja | personal-use | 従業員が個人のSNSを利用する際にも、当社の社員であることを意識してください。
ja | harassment-respect | 他者の人権を尊重し、ハラスメントにあたる投稿はしないでください。
ja | monitoring-enforcement | 違反が確認された場合、就業規則に基づき処分を行います。
ja | official-accounts | 当社の公式SNSアカウントは、以下のとおりです。
ja | review-cadence | 2022年10月1日制定
ja | crisis-response | 誤った情報を発信してしまった場合は、速やかに訂正し、上長に報告してください。
ja | purpose-values | 当社は、お客様との双方向のコミュニケーションを図るためにソーシャルメディアを活用します。
sv | roles-governance | Kommunikationsavdelningen ansvarar för kommunens konton i sociala medier.
sv | public-comments-moderation | Vi tar bort kommentarer som innehåller personangrepp, reklam eller spam.
sv | approval-process | Inlägg ska godkännas av kommunikationschefen innan de publiceras.
sv | personal-use | När du använder sociala medier privat gäller yttrandefriheten.
sv | speaking-for-the-organization | Som anställd uttalar du dig inte för myndighetens räkning utan att det är beslutat.
sv | confidentiality | Uppgifter som omfattas av sekretess får aldrig publiceras.
sv | records-retention | Inlägg och kommentarer kan vara allmänna handlingar.
sv | security | Använd tvåfaktorsautentisering och dela inte lösenord.
sv | review-cadence | Riktlinjen gäller från 2024-01-01 och revideras vid behov.
sv | harassment-respect | Var respektfull mot andra och undvik nedsättande kommentarer.
""")

# Sentences with no topic at all.
NO_TOPIC = [
    (lang, text)
    for lang, _, text in _rows("""
pt | - | Os resultados do exercício foram publicados no relatório anual.
pt | - | A empresa atua no setor de logística desde 1998.
it | - | Il Comune è stato fondato nel XII secolo.
es | - | La empresa fue fundada en Valencia en 1990.
fr | - | L'entreprise a été fondée à Lyon en 1990.
de | - | Das Unternehmen wurde 1990 in Köln gegründet.
ja | - | 当社は1985年に設立されました。
ja | - | 本日は晴天なり。
ja | - | 今日は会議室で打ち合わせを行います。
sv | - | Kommunen har kapacitet och kristna föreningar deltar.
""")
]


def _topics(text: str, language: str) -> list[str]:
    return tag_markdown(text, language=language, model=None).topics


def test_every_language_has_a_positive_for_every_topic():
    topics = {t.id for t in default_taxonomy().topics}
    for language, cases in POSITIVES.items():
        assert set(cases) == topics, (language, topics ^ set(cases))


@pytest.mark.parametrize(
    ("language", "topic", "text"),
    [(lang, topic, text) for lang, cases in POSITIVES.items() for topic, text in cases.items()],
)
def test_positive(language, topic, text):
    assert topic in _topics(text, language)


@pytest.mark.parametrize(("language", "topic", "text"), MORE_POSITIVES)
def test_more_positives(language, topic, text):
    assert topic in _topics(text, language)


@pytest.mark.parametrize(("language", "text"), NO_TOPIC)
def test_no_topic(language, text):
    assert _topics(text, language) == []


@pytest.mark.parametrize(
    ("language", "text", "topic"),
    [(lang, text, topic) for lang, cases in NEGATIVES.items() for text, topic in cases],
)
def test_near_miss(language, text, topic):
    assert topic not in _topics(text, language)


def test_every_language_has_patterns_for_every_topic():
    for topic in default_taxonomy().topics:
        for language in POSITIVES:
            assert topic.include.get(language), (topic.id, language)


@pytest.mark.skipif(NODE is None, reason="node is not installed: JavaScript parity not checked")
def test_javascript_matches_what_python_matches_on_these_sentences():
    patterns = []
    for topic in default_taxonomy().topics:
        for group in (topic.include, topic.exclude):
            for language in POSITIVES:
                if language in group:
                    patterns += group[language].patterns
    texts = [match_form(t) for cases in POSITIVES.values() for t in cases.values()]
    texts += [match_form(t) for cases in NEGATIVES.values() for t, _ in cases]
    texts += [match_form(t) for _, _, t in MORE_POSITIVES] + [match_form(t) for _, t in NO_TOPIC]
    results = js_pattern_matches([js_pattern(p.source) for p in patterns], texts)
    for pattern, row in zip(patterns, results, strict=True):
        assert row == [bool(pattern.regex.search(t)) for t in texts], pattern.source
